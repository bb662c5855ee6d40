import type { PanelUnit } from '../../../../shared/health-panels';

/** A chart's unit; explorer queries have none ('plain'). */
export type ChartUnit = PanelUnit | 'plain';

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;
const SI_UNITS = ['', 'k', 'M', 'G', 'T', 'P'] as const;

/** Three significant digits at most, never more decimals than two: "0.25", "12.5", "1234". */
function number(value: number): string {
  const abs = Math.abs(value);
  const options: Intl.NumberFormatOptions =
    abs >= 100 || abs === 0 ? { maximumFractionDigits: 0 } : { maximumSignificantDigits: 3 };
  return new Intl.NumberFormat(undefined, { ...options, useGrouping: false }).format(value);
}

function scaled(value: number, base: number, units: readonly string[], space: string): string {
  let index = 0;
  let scaledValue = value;
  while (Math.abs(scaledValue) >= base && index < units.length - 1) {
    scaledValue /= base;
    index += 1;
  }
  const unit = units[index] ?? '';
  return unit === '' ? number(scaledValue) : `${number(scaledValue)}${space}${unit}`;
}

/** A duration in seconds: "850 µs", "250 ms", "1.2 s". */
function seconds(value: number): string {
  const abs = Math.abs(value);
  if (abs === 0) return '0 s';
  if (abs < 0.001) return `${number(value * 1e6)} µs`;
  if (abs < 1) return `${number(value * 1000)} ms`;
  return `${number(value)} s`;
}

/** A value in its panel's unit: "12.5 req/s", "250 ms", "4.2%", "1.5 GiB", "3.1/s". */
export function formatValue(value: number | null | undefined, unit: ChartUnit): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  switch (unit) {
    case 'requests_per_second':
      return `${number(value)} req/s`;
    case 'per_second':
      return `${number(value)}/s`;
    case 'seconds':
      return seconds(value);
    case 'ratio':
      return `${number(value * 100)}%`;
    case 'bytes':
      return scaled(value, 1024, BYTE_UNITS, ' ');
    case 'plain':
      return scaled(value, 1000, SI_UNITS, '');
  }
}

/** The unit in words, for the chart's description. */
export function unitWords(unit: ChartUnit): string {
  switch (unit) {
    case 'requests_per_second':
      return 'requests per second';
    case 'per_second':
      return 'per second';
    case 'seconds':
      return 'seconds';
    case 'ratio':
      return 'percent';
    case 'bytes':
      return 'bytes';
    case 'plain':
      return 'value';
  }
}
