import { Component, ReactNode } from 'react';
import i18next from 'i18next';

/** A render failure shows a plain message in the chosen language instead of a blank page or a stack trace. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <main id="main" className="page">
        <h1>{i18next.t('app.errorTitle')}</h1>
        <p role="alert">{i18next.t('app.errorText')}</p>
      </main>
    );
  }
}
