import path from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeFileAtomic } from '../storage/json-file';
import { MIN_WINDOW } from './window-options';

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: WindowBounds;
  maximized: boolean;
}

export interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

const storedSchema = z.object({
  bounds: z.object({
    x: z.number().int().optional(),
    y: z.number().int().optional(),
    width: z.number().int().min(MIN_WINDOW.width).max(20_000),
    height: z.number().int().min(MIN_WINDOW.height).max(20_000),
  }),
  maximized: z.boolean(),
});

export const DEFAULT_WINDOW_STATE: WindowState = { bounds: { width: 1280, height: 800 }, maximized: false };

/**
 * Keeps a remembered position only if the window's title bar would land on a display that is
 * connected now; otherwise the OS centres it (a monitor unplugged since last time).
 */
export function fitToDisplays(state: WindowState, workAreas: readonly Area[]): WindowState {
  const { x, y, width, height } = state.bounds;
  if (x === undefined || y === undefined) return state;
  const visible = workAreas.some(
    (area) =>
      x + 100 > area.x && x < area.x + area.width - 100 && y >= area.y && y < area.y + area.height - 50,
  );
  return visible ? state : { ...state, bounds: { width, height } };
}

export class WindowStateFile {
  private readonly file: string;
  constructor(dataFolder: string) {
    this.file = path.join(dataFolder, 'window-state.json');
  }

  load(): WindowState {
    const parsed = storedSchema.safeParse(readJsonFile(this.file));
    return parsed.success ? parsed.data : DEFAULT_WINDOW_STATE;
  }

  save(state: WindowState): void {
    writeFileAtomic(this.file, JSON.stringify(state));
  }
}
