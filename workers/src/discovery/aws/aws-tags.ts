/**
 * AWS tags as inventory tags. The inventory's `tags` field holds at most 50
 * free labels of at most 200 characters that never start with `$` nor
 * contain a dot (they become document keys). An AWS tag becomes
 * `key:value` (just `key` when its value is empty), with every dot written
 * as `_` (`Name:web-1_example_com`) and leading `$` dropped, cut to 200
 * characters; sorted by key, the first 50.
 */

/** The shape every AWS SDK gives a tag (EC2, RDS, ELB, S3, CloudFront). */
export interface AwsTag {
  Key?: string | undefined;
  Value?: string | undefined;
}

const MAX_TAGS = 50;
const MAX_TAG_LENGTH = 200;

export function tagLabel(tag: AwsTag): string | null {
  const key = tag.Key?.trim() ?? '';
  if (key === '') return null;
  const value = tag.Value?.trim() ?? '';
  const label = (value === '' ? key : `${key}:${value}`).replaceAll('.', '_').replace(/^\$+/, '').trim();
  return label === '' ? null : label.slice(0, MAX_TAG_LENGTH).trim();
}

export function tagsOf(tags: readonly AwsTag[] | undefined): string[] {
  // By code point, the same on every machine (no locale).
  const sorted = [...(tags ?? [])].sort((a, b) => ((a.Key ?? '') < (b.Key ?? '') ? -1 : (a.Key ?? '') > (b.Key ?? '') ? 1 : 0));
  const labels = new Set<string>();
  for (const tag of sorted) {
    const label = tagLabel(tag);
    if (label !== null) labels.add(label);
    if (labels.size === MAX_TAGS) break;
  }
  return [...labels];
}

/** The value of the tag `key` (AWS's `Name` by default), trimmed; undefined when absent or empty. */
export function tagValue(tags: readonly AwsTag[] | undefined, key = 'Name'): string | undefined {
  const value = tags?.find((t) => t.Key === key)?.Value?.trim();
  return value ? value : undefined;
}
