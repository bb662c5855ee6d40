import { useVirtualizer } from '@tanstack/react-virtual';
import {
  memo,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type KeyboardEvent,
  type MouseEvent,
  type ReactElement,
  type ReactNode,
  type Ref,
} from 'react';
import type { AuditRow } from '../../../../shared/domain/audit-query';
import { describeError } from '../../components/error-messages';
import { formatTimeAgo } from '../../components/time-words';
import { ChainBrokenMark, OutcomeLabel, resourceText } from './audit-cells';
import type { AuditOrder, AuditWindows } from './audit-windows';
import { formatEventTime, formatTableTime } from './audit-words';
import { ScrollScale, observeRealSize, scaledScrollElement } from './scaled-scroll';

/** Every row is this tall (CSS agrees): a fixed height is what lets a million rows be placed. */
export const ROW_HEIGHT = 32;
const OVERSCAN = 8;
const COLUMNS = 7;

const Row = memo(function Row({
  row,
  index,
  rowId,
  selected,
  now,
}: {
  row: AuditRow | undefined;
  index: number;
  rowId: string;
  selected: boolean;
  now: number;
}): ReactElement {
  if (row === undefined) {
    return (
      <div role="row" aria-rowindex={index + 2} data-index={index} className="audit-row audit-row--loading">
        <div role="gridcell" aria-colspan={COLUMNS} className="audit-cell">
          <span className="audit-row__shimmer" aria-hidden="true" />
          <span className="visually-hidden">Loading</span>
        </div>
      </div>
    );
  }
  return (
    <div
      role="row"
      id={rowId}
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-index={index}
      data-event-id={row.id}
      data-chain={row.chain}
      className={selected ? 'audit-row audit-row--selected' : 'audit-row'}
    >
      <div
        role="gridcell"
        className="audit-cell audit-cell--time"
        title={`${formatEventTime(row.timestamp)} (${formatTimeAgo(new Date(row.timestamp), new Date(now))})`}
      >
        {formatTableTime(row.timestamp)}
      </div>
      <div role="gridcell" className="audit-cell">
        {row.username ?? <span className="audit-cell__muted">unknown user</span>}
      </div>
      <div role="gridcell" className="audit-cell audit-cell--mono">
        {row.action}
      </div>
      <div role="gridcell" className="audit-cell">
        {resourceText(row)}
      </div>
      <div role="gridcell" className="audit-cell">
        <OutcomeLabel outcome={row.outcome} />
      </div>
      <div role="gridcell" className="audit-cell audit-cell--mono">
        {row.ip_address ?? '—'}
      </div>
      <div role="gridcell" className="audit-cell audit-cell--chain">
        {row.chain === 'broken' && <ChainBrokenMark />}
      </div>
    </div>
  );
});

export interface AuditTableProps {
  rows: AuditWindows;
  order: AuditOrder;
  /** The rows of the previous filter are shown while the new ones load. */
  stale: boolean;
  selected: number | null;
  onSelect: (index: number) => void;
  onOpen: (index: number) => void;
  onClose: () => void;
  /** Shown in place of rows when none match. */
  empty: ReactNode;
  now: number;
  /** The grid element, for the area to give it the focus back (after the detail closes). */
  gridRef?: Ref<HTMLDivElement>;
}

/**
 * The audit events as a virtualized grid. Only the rows in view (and a few around them) are in
 * the DOM, in one block moved with a transform. The scroll area is sized from the total, so the
 * scroll bar is honest and its end is the last event; past `MAX_SCROLL_HEIGHT` it is scaled
 * (see scaled-scroll.ts). The rows come from `AuditWindows`, which fetches the keyset windows
 * the view needs.
 */
export function AuditTable({
  rows,
  order,
  stale,
  selected,
  onSelect,
  onOpen,
  onClose,
  empty,
  now,
  gridRef,
}: AuditTableProps): ReactElement {
  useSyncExternalStore(rows.subscribe, rows.getVersion);
  const total = rows.total ?? 0;
  const gridId = useId();
  const [viewport, setViewport] = useState<HTMLDivElement | null>(null);
  const [block, setBlock] = useState<HTMLDivElement | null>(null);
  const scale = useMemo(() => new ScrollScale(total * ROW_HEIGHT), [total]);
  const adapter = useMemo(
    () => (viewport === null ? null : scaledScrollElement(viewport, scale)),
    [viewport, scale],
  );
  const observeRect = useMemo(() => (viewport === null ? undefined : observeRealSize(viewport)), [viewport]);

  // The virtualizer is a mutable object by design: the React Compiler leaves this component alone.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => adapter,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    observeElementRect: observeRect,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? -1;
  const firstStart = items[0]?.start ?? 0;

  useEffect(() => {
    if (last >= first) rows.ensure(first, last);
  }, [rows, first, last]);

  // The block of rows sits where the virtual offset puts its first row; on every scroll event
  // when the area is scaled, since the rows then move faster than the content.
  useLayoutEffect(() => {
    if (viewport === null || block === null) return;
    const place = (): void => {
      const top = scale.blockTop(firstStart, viewport.scrollTop, viewport.clientHeight);
      block.style.transform = `translateY(${top}px)`;
    };
    place();
    viewport.addEventListener('scroll', place, { passive: true });
    return () => viewport.removeEventListener('scroll', place);
  }, [viewport, block, scale, firstStart]);

  // Scaled, a wheel turn would move the rows faster than usual: it scrolls by the same rows.
  useEffect(() => {
    if (viewport === null) return;
    let remainder = 0;
    const onWheel = (event: WheelEvent): void => {
      const factor = scale.factor(viewport.clientHeight);
      if (factor <= 1 || event.ctrlKey || event.deltaY === 0) return;
      event.preventDefault();
      const unit = event.deltaMode === 1 ? ROW_HEIGHT : event.deltaMode === 2 ? viewport.clientHeight : 1;
      const wanted = viewport.scrollTop + remainder + (event.deltaY * unit) / factor;
      viewport.scrollTop = wanted;
      remainder = wanted - viewport.scrollTop;
    };
    viewport.addEventListener('wheel', onWheel, { passive: false });
    return () => viewport.removeEventListener('wheel', onWheel);
  }, [viewport, scale]);

  // New events came above: keep the same events in view (unless at the very top, watching them arrive).
  const shift = rows.shift;
  const seenShift = useRef(shift.serial);
  useEffect(() => {
    if (shift.serial === seenShift.current) return;
    seenShift.current = shift.serial;
    const offset = virtualizer.scrollOffset ?? 0;
    if (offset > 0) virtualizer.scrollToOffset(offset + shift.delta * ROW_HEIGHT);
    if (selected !== null) onSelect(selected + shift.delta);
  }, [shift, virtualizer, selected, onSelect]);

  const move = (index: number): void => {
    if (total === 0) return;
    const target = Math.max(0, Math.min(total - 1, index));
    onSelect(target);
    virtualizer.scrollToIndex(target, { align: 'auto' });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.target !== event.currentTarget) return;
    const page = Math.max(1, Math.floor((viewport?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
    const current = selected ?? virtualizer.range?.startIndex ?? 0;
    switch (event.key) {
      case 'ArrowDown':
        move(selected === null ? current : current + 1);
        break;
      case 'ArrowUp':
        move(selected === null ? current : current - 1);
        break;
      case 'PageDown':
        move(current + page);
        break;
      case 'PageUp':
        move(current - page);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(total - 1);
        break;
      case 'Enter':
        if (selected === null) return;
        onOpen(selected);
        break;
      case 'Escape':
        onClose();
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  const onClick = (event: MouseEvent<HTMLDivElement>): void => {
    const row = (event.target as Element).closest<HTMLElement>('[data-event-id]');
    const index = Number(row?.dataset['index']);
    if (row === null || !Number.isInteger(index)) return;
    onSelect(index);
    onOpen(index);
  };

  const rowId = (index: number): string => `${gridId}-row-${index}`;
  const keys = new Set<number>();
  const selectedShown =
    selected !== null && rows.rowAt(selected) !== undefined && selected >= first && selected <= last;

  return (
    <div className="audit-grid-frame">
      {rows.error !== null && (
        <div className="audit-grid__error" role="alert">
          <span>Some events could not be read from the copy. {describeError(rows.error).advice}</span>
          <button type="button" className="button" onClick={() => rows.retry()}>
            Try again
          </button>
        </div>
      )}
      <div
        ref={gridRef}
        role="grid"
        aria-label="Audit events"
        aria-rowcount={total + 1}
        aria-colcount={COLUMNS}
        aria-busy={stale || undefined}
        aria-activedescendant={selectedShown ? rowId(selected) : undefined}
        tabIndex={0}
        className={stale ? 'audit-grid audit-grid--stale' : 'audit-grid'}
        onKeyDown={onKeyDown}
      >
        <div role="rowgroup" className="audit-grid__head">
          <div role="row" aria-rowindex={1} className="audit-row audit-row--head">
            <div role="columnheader" aria-sort={order === 'newest' ? 'descending' : 'ascending'}>
              Time
            </div>
            <div role="columnheader">User</div>
            <div role="columnheader">Action</div>
            <div role="columnheader">Resource</div>
            <div role="columnheader">Outcome</div>
            <div role="columnheader">IP address</div>
            <div role="columnheader">
              <span className="visually-hidden">Chain</span>
            </div>
          </div>
        </div>
        <div role="rowgroup" className="audit-grid__viewport" ref={setViewport} data-scroll-viewport="">
          {total === 0 ? (
            <div className="audit-grid__empty">{empty}</div>
          ) : (
            <div className="audit-grid__spacer" style={{ height: scale.realHeight }}>
              <div className="audit-grid__block" ref={setBlock} onClick={onClick}>
                {items.map((item) => {
                  const row = rows.rowAt(item.index);
                  // Keyed by event, so a row that moves (new events above) keeps its element.
                  const key = row === undefined || keys.has(row.id) ? `index-${item.index}` : row.id;
                  if (row !== undefined) keys.add(row.id);
                  return (
                    <Row
                      key={key}
                      row={row}
                      index={item.index}
                      rowId={rowId(item.index)}
                      selected={item.index === selected}
                      now={now}
                    />
                  );
                })}
              </div>
            </div>
          )}
        </div>
      </div>
    </div>
  );
}
