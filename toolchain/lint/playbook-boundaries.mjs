import path from 'node:path';

/**
 * Every layer (api, activities, workflows, domain, web/src) has a folder per playbook. A file in one
 * playbook's folder may import its own playbook's folders in any layer and the shared folders, but never
 * another playbook's: what two playbooks share lives in a shared folder, so each playbook reads on its own.
 */
export const PLAYBOOKS = ['launch', 'poc', 'deal', 'handoff', 'renewal'];

const playbookOf = (file) =>
  path
    .normalize(file)
    .split(path.sep)
    .find((part) => PLAYBOOKS.includes(part));

export const playbookBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: "A playbook's folder imports no other playbook's folder" },
    messages: {
      crossing: '{{from}} code imports {{to}} code ({{source}}): move what both need into a shared folder.',
    },
    schema: [],
  },
  create(context) {
    const filename = path.relative(context.cwd, context.filename);
    const own = playbookOf(filename);
    if (!own) return {};
    const check = (node) => {
      const source = node.source?.value;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = path.relative(context.cwd, path.resolve(path.dirname(context.filename), source));
      const theirs = playbookOf(target);
      if (theirs && theirs !== own)
        context.report({ node: node.source, messageId: 'crossing', data: { from: own, to: theirs, source } });
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};
