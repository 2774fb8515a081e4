// What a template's ARNs, URLs and names point at, by name: the mapping turns `!GetAtt Queue.Arn` or a
// hard-coded `arn:aws:sqs:…:orders` into the config's `orders`. Region and account are not compared:
// a template written for a real account still runs against Eddy's resources of the same name.

/** The table of `arn:…:dynamodb:…:table/NAME[/stream/LABEL|/index/…]`, or a bare table name. */
export function tableNameOf(value: string): string | undefined {
  if (!value.startsWith('arn:')) return NAME.test(value) ? value : undefined;
  const { service, resource } = parts(value) ?? {};
  if (service !== 'dynamodb' || !resource?.startsWith('table/')) return undefined;
  return resource.split('/')[1] || undefined;
}

/** Whether `value` is a table's stream ARN (`…:table/NAME/stream/LABEL`). */
export function isStreamArn(value: string): boolean {
  const { service, resource } = parts(value) ?? {};
  return service === 'dynamodb' && /^table\/[^/]+\/stream\/[^/]+$/.test(resource ?? '');
}

/** The queue of `arn:…:sqs:…:NAME`, of a queue URL (`http(s)://…/ACCOUNT/NAME`), or a bare name. */
export function queueNameOf(value: string): string | undefined {
  if (/^https?:\/\//.test(value)) {
    try {
      const segments = new URL(value).pathname.split('/').filter((s) => s !== '');
      return segments.length >= 2 ? decodeURIComponent(segments.at(-1)!) : undefined;
    } catch {
      return undefined;
    }
  }
  return simpleNameOf(value, 'sqs');
}

/** The function of `arn:…:lambda:…:function:NAME[:QUALIFIER]`, `NAME:QUALIFIER`, or a bare name (the qualifier dropped). */
export function functionNameOf(value: string): string | undefined {
  if (!value.startsWith('arn:')) {
    const name = value.split(':')[0]!;
    return NAME.test(name) ? name : undefined;
  }
  const { service, resource } = parts(value) ?? {};
  if (service !== 'lambda' || !resource?.startsWith('function:')) return undefined;
  return resource.split(':')[1] || undefined;
}

/** The qualifier (version or alias) of a function ARN or `NAME:QUALIFIER`, if any. */
export function functionQualifierOf(value: string): string | undefined {
  const segments = value.split(':');
  if (value.startsWith('arn:')) return segments.length === 8 ? segments[7] : undefined;
  return segments.length === 2 ? segments[1] : undefined;
}

/** The topic of `arn:…:sns:…:NAME`, or a bare name. */
export function topicNameOf(value: string): string | undefined {
  return simpleNameOf(value, 'sns');
}

/** The bus of `arn:…:events:…:event-bus/NAME`, or a bare name. */
export function busNameOf(value: string): string | undefined {
  if (!value.startsWith('arn:')) return NAME.test(value) ? value : undefined;
  const { service, resource } = parts(value) ?? {};
  if (service !== 'events' || !resource?.startsWith('event-bus/')) return undefined;
  return resource.slice('event-bus/'.length) || undefined;
}

/** The schedule group of `arn:…:scheduler:…:schedule-group/NAME`, or a bare name. */
export function scheduleGroupNameOf(value: string): string | undefined {
  if (!value.startsWith('arn:')) return NAME.test(value) ? value : undefined;
  const { service, resource } = parts(value) ?? {};
  if (service !== 'scheduler' || !resource?.startsWith('schedule-group/')) return undefined;
  return resource.slice('schedule-group/'.length) || undefined;
}

/** The AWS service named by an ARN (`sqs`, `lambda`, `dynamodb`, …), or undefined for anything else. */
export function arnService(value: string): string | undefined {
  return parts(value)?.service;
}

const NAME = /^[\w.-]{1,256}$/;

function simpleNameOf(value: string, service: string): string | undefined {
  if (!value.startsWith('arn:')) return NAME.test(value) ? value : undefined;
  const found = parts(value);
  return found?.service === service && NAME.test(found.resource) ? found.resource : undefined;
}

/** `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE` (the resource may itself hold colons). */
function parts(value: string): { service: string; resource: string } | undefined {
  const segments = value.split(':');
  if (segments.length < 6 || segments[0] !== 'arn') return undefined;
  return { service: segments[2]!, resource: segments.slice(5).join(':') };
}
