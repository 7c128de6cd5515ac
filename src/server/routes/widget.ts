/**
 * Serves the search box bundle, /widget.js and /widget.css, from the folder esbuild wrote it to
 * (dist/widget/ by default). It never builds the bundle; a missing one is WIDGET_NOT_BUILT (503).
 */
import { Router, type NextFunction, type Response } from 'express';
import { ZhsearchError } from '../../errors.js';

/** The bundle's files; nothing else in the folder is served. */
const WIDGET_FILES = ['widget.js', 'widget.css'] as const;

/** Short: the bundle keeps its name across releases, so a new one must reach pages within minutes. */
const MAX_AGE_MS = 300_000;

export interface WidgetRouteOptions {
  /** Folder holding widget.js and widget.css. */
  widgetDir: string;
}

export function createWidgetRouter(options: WidgetRouteOptions): Router {
  const router = Router();
  for (const name of WIDGET_FILES) {
    router.get(`/${name}`, (_req, res, next) => {
      sendWidgetFile(res, options.widgetDir, name, next);
    });
  }
  return router;
}

function sendWidgetFile(res: Response, widgetDir: string, name: string, next: NextFunction): void {
  // Other sites load these with plain <script>/<link> tags; without this a COEP page could not.
  res.set('Cross-Origin-Resource-Policy', 'cross-origin');
  res.sendFile(name, { root: widgetDir, maxAge: MAX_AGE_MS, dotfiles: 'deny' }, (error?: NodeJS.ErrnoException) => {
    if (error === undefined || res.headersSent) {
      // A failure after the headers went out (client gone) cannot be answered any more.
      return;
    }
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR' || error.code === 'EISDIR') {
      next(new ZhsearchError('WIDGET_NOT_BUILT', `The search box bundle ${name} is missing from ${widgetDir}. Run \`npm run build\`.`));
      return;
    }
    next(error);
  });
}
