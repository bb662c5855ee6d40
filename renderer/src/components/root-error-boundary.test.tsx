import { render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RootErrorBoundary } from './root-error-boundary';

let broken = true;
function Shell(): React.ReactElement {
  if (broken) throw new Error('The shell broke.');
  return <p>Shell is fine</p>;
}

describe('root error boundary', () => {
  beforeEach(() => {
    broken = true;
    vi.spyOn(console, 'error').mockImplementation(() => {});
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('replaces a crashed shell with a message and recovers with Try again', async () => {
    render(
      <RootErrorBoundary>
        <Shell />
      </RootErrorBoundary>,
    );
    expect(screen.getByRole('heading', { name: 'OPP Console stopped working' })).toBeInTheDocument();
    expect(screen.getByText('The shell broke.')).toBeInTheDocument();
    broken = false;
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(screen.getByText('Shell is fine')).toBeInTheDocument();
  });
});
