import { Popover } from 'radix-ui';
import { useState, type FormEvent, type ReactElement } from 'react';
import type { AuditFilter } from '../../../../shared/domain/audit-query';
import type { EnvironmentId } from '../../../../shared/domain/environment';
import { ErrorMessage } from '../../components/error-message';
import { fieldIssues } from '../../components/error-messages';
import { ReasonButton } from '../../components/guarded-button';
import { TextField } from '../../components/text-field';
import { useToast } from '../../components/toasts';
import { filterChips, isEmptyFilter } from './audit-filter';
import { useDeleteQuery, useSaveQuery, useSavedQueries, type SavedAuditQuery } from './audit-queries';

/** "User: alice · Action: login_failed · “timeout”": what a saved filter narrows. */
export function filterSummary(filter: AuditFilter): string {
  const parts = filterChips(filter).map((chip) => chip.label);
  if (filter.text !== undefined) parts.push(`“${filter.text}”`);
  return parts.length === 0 ? 'Everything' : parts.join(' · ');
}

function SaveForm({
  environmentId,
  filter,
  onSaved,
}: {
  environmentId: EnvironmentId;
  filter: AuditFilter;
  onSaved: () => void;
}): ReactElement {
  const save = useSaveQuery(environmentId);
  const toast = useToast();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const trimmed = name.trim();
    if (trimmed === '') {
      setError('Give the query a name.');
      return;
    }
    save.mutate(
      { name: trimmed, filter },
      {
        onSuccess: () => {
          toast.show({ title: `Saved “${trimmed}”.`, tone: 'success' });
          onSaved();
        },
        onError: (failure) => {
          const issue = fieldIssues(failure)['name'];
          if (issue !== undefined) setError(issue);
          else toast.showError(failure, 'The query was not saved.', { write: true });
        },
      },
    );
  };

  return (
    <form className="form" onSubmit={submit}>
      <TextField
        label="Query name"
        value={name}
        onValueChange={(value) => {
          setName(value);
          setError(null);
        }}
        error={error}
        hint={filterSummary(filter)}
        maxLength={80}
        autoFocus
      />
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={save.isPending}>
          Save
        </button>
      </div>
    </form>
  );
}

function SavedList({
  environmentId,
  onApply,
}: {
  environmentId: EnvironmentId;
  onApply: (query: SavedAuditQuery) => void;
}): ReactElement {
  const saved = useSavedQueries(environmentId);
  const remove = useDeleteQuery(environmentId);
  const toast = useToast();

  if (saved.isPending) {
    return (
      <p className="loading" role="status">
        Loading saved queries…
      </p>
    );
  }
  if (saved.isError) {
    return (
      <ErrorMessage
        error={saved.error}
        title="The saved queries could not be read."
        onRetry={() => void saved.refetch()}
      />
    );
  }
  if (saved.data.length === 0) {
    return <p className="audit-saved__empty">No saved queries yet. Set a filter, then “Save query”.</p>;
  }
  return (
    <ul className="audit-saved" aria-label="Saved queries">
      {saved.data.map((query) => (
        <li key={query.name} className="audit-saved__item">
          <button
            type="button"
            className="button button--quiet audit-saved__apply"
            aria-label={`Apply saved query ${query.name}`}
            onClick={() => onApply(query)}
          >
            <span className="audit-saved__name">{query.name}</span>
            <span className="audit-saved__summary">{filterSummary(query.filter)}</span>
          </button>
          <button
            type="button"
            className="button button--quiet button--danger-quiet"
            aria-label={`Delete saved query ${query.name}`}
            disabled={remove.isPending}
            onClick={() =>
              remove.mutate(query.name, {
                onError: (error) =>
                  toast.showError(error, `“${query.name}” was not deleted.`, { write: true }),
              })
            }
          >
            Delete
          </button>
        </li>
      ))}
    </ul>
  );
}

/** Named filters of the environment (kept by main, usable offline): save, apply, delete. */
export function SavedQueries({
  environmentId,
  filter,
  onApply,
}: {
  environmentId: EnvironmentId;
  filter: AuditFilter;
  onApply: (filter: AuditFilter) => void;
}): ReactElement {
  const [saving, setSaving] = useState(false);
  const [listing, setListing] = useState(false);
  const empty = isEmptyFilter(filter);

  return (
    <div className="audit-saved-bar">
      <Popover.Root open={saving && !empty} onOpenChange={setSaving}>
        <Popover.Anchor asChild>
          <span className="audit-saved-bar__anchor">
            <ReasonButton
              className="button"
              disabledReason={empty ? 'Set a filter or a search first.' : null}
              onClick={() => setSaving(true)}
            >
              Save query
            </ReasonButton>
          </span>
        </Popover.Anchor>
        <Popover.Portal>
          <Popover.Content className="audit-popover" align="end" sideOffset={6} aria-label="Save query">
            {saving && (
              <SaveForm environmentId={environmentId} filter={filter} onSaved={() => setSaving(false)} />
            )}
          </Popover.Content>
        </Popover.Portal>
      </Popover.Root>
      <Popover.Root open={listing} onOpenChange={setListing}>
        <Popover.Trigger className="button">Saved queries</Popover.Trigger>
        <Popover.Portal>
          <Popover.Content
            className="audit-popover audit-popover--wide"
            align="end"
            sideOffset={6}
            aria-label="Saved queries"
          >
            {listing && (
              <SavedList
                environmentId={environmentId}
                onApply={(query) => {
                  onApply(query.filter);
                  setListing(false);
                }}
              />
            )}
          </Popover.Content>
        </Popover.Portal>
      </Popover.Root>
    </div>
  );
}
