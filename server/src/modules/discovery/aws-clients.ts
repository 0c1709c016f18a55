import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingClient } from '@aws-sdk/client-elastic-load-balancing';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { RDSClient } from '@aws-sdk/client-rds';
import { S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient, type STSClientConfig } from '@aws-sdk/client-sts';

/** The operator's settings for every AWS client (environment only, never per connection). */
export interface AwsSettings {
  /** AWS_ENDPOINT_URL: an emulator (moto) instead of AWS; null for AWS itself. */
  endpointUrl: string | null;
  /** AWS_MAX_ATTEMPTS: attempts of the standard retry mode. */
  maxAttempts: number;
  /**
   * Steps put on the middleware stack of every client built, with its
   * region (never from the environment: tests pass them in to inject
   * throttling or failures after the retry step).
   */
  middleware?: ReadonlyArray<(client: AwsClient, region: string) => void>;
}

/** Any client the factory builds. */
export type AwsClient = STSClient | EC2Client | RDSClient | ElasticLoadBalancingClient | ElasticLoadBalancingV2Client | S3Client | CloudFrontClient;

/** What a connection gives to reach its account; the secret only ever in memory, opened for the call. */
export interface AwsAccess {
  accessKeyId: string;
  secretAccessKey: string;
  /** A role to assume on top of the keys (STS AssumeRole), with its external id. */
  roleArn?: string | null;
  externalId?: string | null;
}

type Credentials = NonNullable<STSClientConfig['credentials']>;
interface Identity {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** Where global services (STS for a role, CloudFront) are asked when no region is given. */
export const DEFAULT_AWS_REGION = 'us-east-1';
/** How a role session shows in the account's CloudTrail. */
export const ROLE_SESSION_NAME = 'maestro-discovery';
const ROLE_SESSION_SECONDS = 3600;
/** Assumed credentials are renewed this long before they expire. */
const RENEW_BEFORE_MS = 5 * 60 * 1000;

/**
 * Builds the AWS SDK v3 clients of one connection: its region, its keys (or
 * a role assumed with them), the standard retry mode with the operator's
 * attempts, and the operator's endpoint override, the one way clients reach
 * an emulator (S3 then addresses buckets by path). Endpoints configured
 * elsewhere (the SDK's own environment variables or files) are ignored, so
 * only the operator's setting can move them.
 */
export class AwsClientFactory {
  constructor(private readonly settings: AwsSettings) {}

  /** The options every client shares. */
  private common(region: string, credentials: Credentials) {
    return {
      region,
      credentials,
      retryMode: 'standard',
      maxAttempts: this.settings.maxAttempts,
      ignoreConfiguredEndpointUrls: true,
      ...(this.settings.endpointUrl ? { endpoint: this.settings.endpointUrl } : {}),
    } as const;
  }

  /** The client with the operator's extra middleware steps, if any. */
  private hooked<C extends AwsClient>(client: C, region: string): C {
    for (const hook of this.settings.middleware ?? []) hook(client, region);
    return client;
  }

  /**
   * The credentials of `access`: its keys, or, with a role, the role's
   * temporary credentials, assumed with the keys on first use and renewed
   * before they expire. One provider per set of clients: build it once and
   * pass it to each (`clients`), so the role is assumed once.
   */
  credentials(access: AwsAccess, region = DEFAULT_AWS_REGION): Credentials {
    const keys: Identity = { accessKeyId: access.accessKeyId, secretAccessKey: access.secretAccessKey };
    if (!access.roleArn) return keys;
    const roleArn = access.roleArn;
    let cached: Identity | null = null;
    let inFlight: Promise<Identity> | null = null;
    const assume = async (): Promise<Identity> => {
      const sts = this.hooked(new STSClient(this.common(region, keys)), region);
      try {
        const out = await sts.send(
          new AssumeRoleCommand({
            RoleArn: roleArn,
            RoleSessionName: ROLE_SESSION_NAME,
            DurationSeconds: ROLE_SESSION_SECONDS,
            ...(access.externalId ? { ExternalId: access.externalId } : {}),
          }),
        );
        const c = out.Credentials;
        if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('AssumeRole answered without credentials');
        return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
      } finally {
        sts.destroy();
      }
    };
    return async () => {
      if (cached && (!cached.expiration || cached.expiration.getTime() - Date.now() > RENEW_BEFORE_MS)) return cached;
      inFlight ??= assume().then(
        (identity) => {
          cached = identity;
          inFlight = null;
          return identity;
        },
        (error: unknown) => {
          inFlight = null;
          throw error;
        },
      );
      return inFlight;
    };
  }

  /** The clients of one connection in one region, sharing one credentials provider. */
  clients(access: AwsAccess, region: string, credentials: Credentials = this.credentials(access, region)) {
    return {
      sts: () => this.sts(region, credentials),
      ec2: () => this.ec2(region, credentials),
      rds: () => this.rds(region, credentials),
      elb: () => this.elb(region, credentials),
      elbv2: () => this.elbv2(region, credentials),
      s3: () => this.s3(region, credentials),
      cloudfront: () => this.cloudfront(credentials),
    };
  }

  sts(region: string, credentials: Credentials): STSClient {
    return this.hooked(new STSClient(this.common(region, credentials)), region);
  }

  ec2(region: string, credentials: Credentials): EC2Client {
    return this.hooked(new EC2Client(this.common(region, credentials)), region);
  }

  rds(region: string, credentials: Credentials): RDSClient {
    return this.hooked(new RDSClient(this.common(region, credentials)), region);
  }

  elb(region: string, credentials: Credentials): ElasticLoadBalancingClient {
    return this.hooked(new ElasticLoadBalancingClient(this.common(region, credentials)), region);
  }

  elbv2(region: string, credentials: Credentials): ElasticLoadBalancingV2Client {
    return this.hooked(new ElasticLoadBalancingV2Client(this.common(region, credentials)), region);
  }

  s3(region: string, credentials: Credentials): S3Client {
    // An emulator serves every bucket on one host: buckets go in the path, not the host name.
    // Buckets of other regions answer with a redirect: the client follows it to read their tags.
    return this.hooked(new S3Client({ ...this.common(region, credentials), forcePathStyle: this.settings.endpointUrl !== null, followRegionRedirects: true }), region);
  }

  /** CloudFront is global: its API lives in us-east-1. */
  cloudfront(credentials: Credentials): CloudFrontClient {
    return this.hooked(new CloudFrontClient(this.common(DEFAULT_AWS_REGION, credentials)), DEFAULT_AWS_REGION);
  }
}
