import { Field, Float, ObjectType } from 'type-graphql';
import { graphqlEnum } from '../../graphql/enum.js';
import { COMPONENT_KINDS, type ComponentKindValue, type ComponentReport, type StatusReport } from './status.model.js';

export const ComponentKind = graphqlEnum(COMPONENT_KINDS, { name: 'ComponentKind', description: 'What a component of the stack is.' });

@ObjectType({ description: 'One part of the running stack and whether it answered in time.' })
export class Component {
  @Field(() => String, { description: '`api`, `mongodb`, `redis` or `queue:<name>`.' })
  name!: string;

  @Field(() => ComponentKind)
  kind!: ComponentKindValue;

  @Field(() => Boolean)
  ok!: boolean;

  @Field(() => Float, { nullable: true, description: 'Round-trip time of the check, in milliseconds.' })
  latencyMs!: number | null;

  @Field(() => String, { nullable: true, description: 'Why a component is not ok, or what was seen.' })
  detail!: string | null;
}

@ObjectType({ description: 'The health of every component of the stack.' })
export class Status {
  @Field(() => Boolean, { description: 'True when every component is ok.' })
  ok!: boolean;

  @Field(() => Date)
  checkedAt!: Date;

  @Field(() => String, { description: 'The process that ran the check.' })
  checkedBy!: string;

  @Field(() => [Component])
  components!: Component[];
}

export function toStatus(report: StatusReport): Status {
  return Object.assign(new Status(), {
    ok: report.ok,
    checkedAt: new Date(report.checkedAt),
    checkedBy: report.checkedBy,
    components: report.components.map((c: ComponentReport) => Object.assign(new Component(), c)),
  });
}
