import { useEffect, useRef, useState, type ReactElement } from 'react';
import type { EnvironmentId, EnvironmentView } from '../../../../shared/domain/environment';
import { useUiStore } from '../../app/ui-store-context';
import { useToast } from '../../components/toasts';
import { useReorderEnvironments } from './environment-queries';
import { EnvironmentRow, type MoveDirection } from './environment-row';

/** The ids with the one at `index` moved one place up or down. */
export function moved(
  ids: readonly EnvironmentId[],
  index: number,
  direction: MoveDirection,
): EnvironmentId[] {
  const target = direction === 'up' ? index - 1 : index + 1;
  const next = [...ids];
  const [item] = next.splice(index, 1);
  if (item === undefined || target < 0 || target > ids.length - 1) return [...ids];
  next.splice(target, 0, item);
  return next;
}

/**
 * The environments in the administrator's order. Move up/down keep the keyboard focus on the
 * moved environment and announce its new place.
 */
export function EnvironmentList({
  environments,
  onSignIn,
  onEdit,
  onDelete,
}: {
  environments: readonly EnvironmentView[];
  onSignIn: (environment: EnvironmentView) => void;
  onEdit: (environment: EnvironmentView) => void;
  onDelete: (environment: EnvironmentView) => void;
}): ReactElement {
  const activeId = useUiStore((state) => state.selectedEnvironmentId);
  const reorder = useReorderEnvironments();
  const toast = useToast();
  const listRef = useRef<HTMLUListElement>(null);
  const [focusAfterMove, setFocusAfterMove] = useState<{
    id: EnvironmentId;
    direction: MoveDirection;
  } | null>(null);
  const [announcement, setAnnouncement] = useState('');

  useEffect(() => {
    if (focusAfterMove === null) return;
    const row = listRef.current?.querySelector(`[data-environment-id="${focusAfterMove.id}"]`);
    const same = row?.querySelector<HTMLButtonElement>(`[data-move="${focusAfterMove.direction}"]`);
    const other = row?.querySelector<HTMLButtonElement>(
      `[data-move="${focusAfterMove.direction === 'up' ? 'down' : 'up'}"]`,
    );
    // At the top or bottom, the button just used is off: the other one keeps the focus in the row.
    (same?.disabled === false ? same : other)?.focus();
  }, [focusAfterMove, environments]);

  const move = (environment: EnvironmentView, index: number, direction: MoveDirection): void => {
    const ids = moved(
      environments.map((e) => e.id),
      index,
      direction,
    );
    const position = ids.indexOf(environment.id) + 1;
    setFocusAfterMove({ id: environment.id, direction });
    setAnnouncement(`${environment.name} moved to position ${position} of ${ids.length}.`);
    reorder.mutate(ids, {
      onError: (error) => {
        setAnnouncement('');
        toast.showError(error, 'The new order was not saved.', { write: true });
      },
    });
  };

  return (
    <>
      <ul className="environment-list" aria-label="Environments" ref={listRef}>
        {environments.map((environment, index) => (
          <EnvironmentRow
            key={environment.id}
            environment={environment}
            index={index}
            count={environments.length}
            active={environment.id === activeId}
            onSignIn={() => onSignIn(environment)}
            onEdit={() => onEdit(environment)}
            onDelete={() => onDelete(environment)}
            onMove={(direction) => move(environment, index, direction)}
          />
        ))}
      </ul>
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
    </>
  );
}
