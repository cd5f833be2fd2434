// One member as an archive lists it (tar.ts, zip.ts), before archive.ts resolves duplicates and links.

export type ArchiveMember = {
  path: string;
  size: number;
  kind: 'file' | 'dir' | 'symlink' | 'hardlink' | 'other';
  linkTarget: string | null;
  /** A compression this reader cannot undo ("bzip2"), or null. */
  compression: string | null;
  read: (cap: number) => Uint8Array;
};
