// Which stacks of a cloud assembly run, and in what order: the ones asked for (all by default) with the
// stacks they depend on, each after its dependencies, as `cdk deploy` deploys them.
import { TemplateError } from '../cloudformation/index.js';
import type { CdkStack, CloudAssembly } from './cloud-assembly.js';

/**
 * `names` may give a stack's artifact id, its stack name or its display name (`Prod/OrdersStack`), or
 * a pattern of display names with `*` (`Prod/*`, as `cdk deploy` takes). A name no stack has is an error
 * listing the stacks there are.
 */
export function orderStacks(assembly: CloudAssembly, names?: readonly string[]): CdkStack[] {
  const manifest = assembly.stacks[0]?.at.map.file ?? `${assembly.dir}/manifest.json`;
  if (assembly.stacks.length === 0) {
    throw new TemplateError('The CDK app has no stacks: manifest.json lists no aws:cloudformation:stack artifact', '/artifacts', { file: manifest, line: 1, column: 1 });
  }
  const byKey = new Map(assembly.stacks.map((stack) => [stack.key, stack]));
  const wanted = names === undefined || names.length === 0
    ? assembly.stacks
    : names.flatMap((name) => {
        const found = assembly.stacks.filter((s) => matches(name, s));
        if (found.length === 0) {
          const known = assembly.stacks.map((s) => s.displayName).join(', ');
          throw new TemplateError(`No stack ${name} in the CDK app (its stacks: ${known})`, '/artifacts', { file: manifest, line: 1, column: 1 });
        }
        return found;
      });
  const ordered: CdkStack[] = [];
  const visiting = new Set<string>();
  const visit = (stack: CdkStack, path: string[]) => {
    if (ordered.includes(stack)) return;
    if (visiting.has(stack.key)) {
      throw stack.at.map.error(`Stacks depend on each other in a cycle: ${[...path, stack.key].join(' → ')}`, stack.at.pointer);
    }
    visiting.add(stack.key);
    for (const key of stack.dependsOn) {
      const dependency = byKey.get(key);
      if (dependency) visit(dependency, [...path, stack.key]);
    }
    visiting.delete(stack.key);
    ordered.push(stack);
  };
  for (const stack of wanted) visit(stack, []);
  return ordered;
}

function matches(name: string, stack: CdkStack): boolean {
  if (!name.includes('*')) return stack.key === name || stack.stackName === name || stack.displayName === name;
  const pattern = new RegExp(`^${name.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return pattern.test(stack.displayName);
}
