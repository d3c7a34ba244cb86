// A Dockerfile written the DS01 way for a project that has none, following the host's
// scripts/lib/dockerfile-generator.sh (header, labels, build args, system packages, pip install of the project's
// dependencies, custom section, WORKDIR /workspace, CMD bash) and scripts/lib/aime-images.sh (framework -> base).
// The user owns it afterwards: it is written once and edited by hand.
import type { KnownUser } from '../model';
import { imageLabels } from './labels';
import { projectImage } from './name';

export const FRAMEWORKS = ['pytorch', 'tensorflow', 'jax', 'pytorch-cpu'] as const;
export type Framework = (typeof FRAMEWORKS)[number];

/** aime-images.sh's Docker Hub fallback (the AIME catalog is read on the host only when installed). */
export function baseImageFor(framework: Framework, cuda: 'CUDA_ADA' | 'CUDA_AMPERE' = 'CUDA_ADA'): string {
  switch (framework) {
    case 'tensorflow':
      return 'tensorflow/tensorflow:2.14.0-gpu';
    case 'jax':
      return 'nvcr.io/nvidia/jax:23.10-py3';
    case 'pytorch-cpu':
      return 'pytorch/pytorch:2.5.1-cpu';
    default:
      return cuda === 'CUDA_ADA' ? 'pytorch/pytorch:2.5.1-cuda12.1-cudnn9-runtime' : 'pytorch/pytorch:2.5.1-cuda11.8-cudnn9-runtime';
  }
}

/** aime-images.sh: driver 535+ runs CUDA 12 (CUDA_ADA), older ones CUDA 11.8; unknown driver: the older. */
export function cudaArchFor(driverVersion: string | null): 'CUDA_ADA' | 'CUDA_AMPERE' {
  const major = Number((driverVersion ?? '').split('.')[0]);
  return Number.isFinite(major) && major >= 535 ? 'CUDA_ADA' : 'CUDA_AMPERE';
}

export interface DockerfileInput {
  project: string;
  user: Pick<KnownUser, 'name' | 'uid' | 'gid'>;
  framework: Framework;
  baseImage: string;
  /** Python packages (from requirements.txt or pyproject.toml). */
  packages: string[];
  /** Where the packages came from, for the comment above them. */
  packagesFrom: string | null;
  now: Date;
}

export function generateDockerfile(input: DockerfileInput): string {
  const labels = imageLabels({ user: input.user, project: input.project, framework: input.framework, now: input.now });
  const lines = [
    '# DS01 Project Dockerfile',
    `# Project: ${input.project}`,
    `# Created: ${input.now.toUTCString()}`,
    `# Framework: ${input.framework}`,
    `# Author: ${input.user.name}`,
    '#',
    `# Build with: ds01 image build (or "DS01: Build Image" in VS Code)`,
    `# Or: docker build -t ${projectImage(input.project, input.user.uid)} .`,
    '',
    `FROM ${input.baseImage}`,
    '',
    '# DS01 metadata labels',
    ...Object.entries(labels).map(([k, v]) => `LABEL ${k}="${v}"`),
    '',
    '# Build arguments (set automatically by DS01)',
    `ARG DS01_USER_ID=${input.user.uid}`,
    `ARG DS01_GROUP_ID=${input.user.gid}`,
    `ARG DS01_USERNAME=${input.user.name}`,
    '',
    '# System packages',
    'RUN apt-get update && apt-get install -y --no-install-recommends \\',
    '    git \\',
    '    curl \\',
    '    wget \\',
    '    vim \\',
    '    htop \\',
    '    && rm -rf /var/lib/apt/lists/*',
    '',
    ...pipInstall(input.packages, input.packagesFrom),
    '# Custom additional packages',
    '# Edit this file and rebuild (ds01 image build)',
    '',
    '# Working directory (your project folder is mounted here)',
    'WORKDIR /workspace',
    '',
    '# Default command',
    'CMD ["/bin/bash"]',
  ];
  return `${lines.join('\n')}\n`;
}

function pipInstall(packages: string[], from: string | null): string[] {
  if (packages.length === 0) return [];
  return [
    `# Packages from ${from ?? 'the project'}`,
    'RUN pip install --no-cache-dir \\',
    ...packages.map((p, i) => `    ${shellWord(p)}${i < packages.length - 1 ? ' \\' : ''}`),
    '',
  ];
}

/**
 * RUN lines go through /bin/sh: "torch>=2.0" unquoted would redirect to a file named "=2.0" (the host's generator
 * writes it so), and a marker like `; python_version<"3.11"` would end the command. Quote anything not plain.
 */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9._,[\]-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}
