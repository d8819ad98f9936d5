// A TypeDoc plugin of this package: in the API reference, each man page a doc comment names
// (`socket(2)`, `getaddrinfo(3)`, `ip(7)`) becomes a link to that page of the Linux manual.
// Code spans (the C prototypes) are left as they are.
import { Converter } from 'typedoc';

const MAN_PAGE = /\b([a-z][a-z0-9_]*)\(([1-8])\)/g;

const link = (text) =>
  text.replace(
    MAN_PAGE,
    (page, name, section) =>
      `[${page}](https://man7.org/linux/man-pages/man${section}/${name}.${section}.html)`,
  );

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const reflection of Object.values(context.project.reflections)) {
      const comments = [reflection.comment, ...(reflection.signatures ?? []).map((s) => s.comment)];
      for (const comment of comments) {
        for (const part of comment?.summary ?? []) {
          if (part.kind === 'text') part.text = link(part.text);
        }
      }
    }
  });
}
