import { Component, type ErrorInfo, type ReactNode } from 'react';

export interface ErrorFallbackProps {
  error: unknown;
  /** Renders the children again. */
  reset: () => void;
}

interface ErrorBoundaryProps {
  fallback: (props: ErrorFallbackProps) => ReactNode;
  /** Called before the children render again (e.g. react-query's error reset). */
  onReset?: () => void;
  children: ReactNode;
}

type ErrorBoundaryState = { failed: false } | { failed: true; error: unknown };

/** Catches render errors below it and shows `fallback` instead; React needs a class for this. */
export class ErrorBoundary extends Component<ErrorBoundaryProps, ErrorBoundaryState> {
  override state: ErrorBoundaryState = { failed: false };

  static getDerivedStateFromError(error: unknown): ErrorBoundaryState {
    return { failed: true, error };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    // No log call crosses to main yet; the console keeps the component stack for DevTools.
    console.error('A part of the console crashed', error, info.componentStack);
  }

  private readonly reset = (): void => {
    this.props.onReset?.();
    this.setState({ failed: false });
  };

  override render(): ReactNode {
    if (this.state.failed) return this.props.fallback({ error: this.state.error, reset: this.reset });
    return this.props.children;
  }
}
