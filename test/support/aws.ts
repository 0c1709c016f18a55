import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingClient } from '@aws-sdk/client-elastic-load-balancing';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { RDSClient } from '@aws-sdk/client-rds';
import { S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { inject } from 'vitest';

/**
 * The AWS of the tests: the run's moto, where a file works in accounts of
 * its own (random ids) by assuming a role into them, so that no two files
 * see each other's resources.
 */

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** A role in `account` to assume with any keys (moto trusts them all). */
export function roleIn(account: string, name = 'MaestroReadOnly'): string {
  return `arn:aws:iam::${account}:role/${name}`;
}

/** Temporary credentials in `account`, by assuming a role into it. */
export async function credentialsIn(account: string, region = 'us-east-1'): Promise<AwsCredentials> {
  const sts = new STSClient({ region, endpoint: inject('motoUrl'), credentials: { accessKeyId: 'AKIAEXAMPLEEXAMPLE', secretAccessKey: 'setup-secret' } });
  try {
    const c = (await sts.send(new AssumeRoleCommand({ RoleArn: roleIn(account, 'Setup'), RoleSessionName: 'setup' }))).Credentials!;
    return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken };
  } finally {
    sts.destroy();
  }
}

/** The SDK clients a test sets moto up with, in one region. */
export function awsClients(credentials: AwsCredentials, region: string) {
  const common = { region, endpoint: inject('motoUrl'), credentials };
  return {
    ec2: new EC2Client(common),
    rds: new RDSClient(common),
    elbv2: new ElasticLoadBalancingV2Client(common),
    elb: new ElasticLoadBalancingClient(common),
    s3: new S3Client({ ...common, forcePathStyle: true }),
    cloudfront: new CloudFrontClient(common),
  };
}
