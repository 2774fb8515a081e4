/** A CI job: one per repository and commit, however many times the push was delivered. */

export type JobStatus = 'pending' | 'active' | 'passed' | 'failed';

export interface Push {
  /** `owner/name`, GitHub's `repository.full_name`. */
  repo: string;
  /** The pushed head commit (`after`). */
  sha: string;
  /** `head_commit.message`. */
  message: string;
}

/** The jobs table's key: a push of the same commit to the same repository is the same job. */
export function jobIdOf(push: Pick<Push, 'repo' | 'sha'>): string {
  return `${push.repo}@${push.sha}`;
}

export interface RunOutcome {
  status: 'passed' | 'failed';
  summary: string;
}

/**
 * Runs the job's build — simulated, deterministically: a commit whose message contains `[fail]` fails.
 * A real runner would check out `sha` and run its pipeline here.
 */
export function runBuild(push: Push): RunOutcome {
  return push.message.includes('[fail]')
    ? { status: 'failed', summary: `1 of 12 checks failed on ${push.sha.slice(0, 7)}` }
    : { status: 'passed', summary: `12 checks passed on ${push.sha.slice(0, 7)}` };
}
