// A generated workflow of a given number of steps, mixing every step kind the compiler handles.

const IMAGE = "docker.io/library/busybox:stable";

function batch(name: string, indent: string): string {
  return `${indent}- ${name}:
${indent}    image: ${IMAGE}
${indent}    commands:
${indent}      - wc -l < \${reads} > \${counts}
${indent}    inputs:
${indent}      reads: \${job.reads}
${indent}    outputs:
${indent}      counts: counts_${name}.txt
${indent}    compute:
${indent}      cpus: 2
${indent}      memory: 4 Gb
${indent}    retry:
${indent}      attempts: 2
${indent}      interval: 10s
`;
}

/** Returns the YAML text of a workflow with exactly `steps` steps (children of scatters included). */
export function generateWorkflow(steps: number): string {
  let yaml = "Repository: s3://bench-bucket/runs/${job.id}\nSteps:\n";
  let made = 0;
  let i = 0;
  while (made < steps) {
    const left = steps - made;
    const name = `Step${i++}`;
    if (i % 10 === 0 && left >= 3) {
      yaml += `  - ${name}:
      scatter:
        sample: \${job.samples}
        chunk: s3://bench-bucket/chunks/*.fq
      max_concurrency: 10
      error_tolerance: 5%
      steps:
${batch(`${name}a`, "        ")}${batch(`${name}b`, "        ")}      outputs:
        counts: counts_${name}b.txt
`;
      made += 3;
    } else if (i % 25 === 0 && left >= 2) {
      yaml += `  - ${name}:
      inputs:
        stats: stats.json
      choices:
        - if: stats.depth < 10 and job.mode == 'fast'
          next: ${name}x
  - ${name}x:
      subpipe: child-workflow
      retrieve:
        - result.txt -> result_${name}.txt
`;
      made += 2;
    } else {
      yaml += batch(name, "  ");
      made += 1;
    }
  }
  return yaml;
}
