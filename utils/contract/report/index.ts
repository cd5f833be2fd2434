// The Report and its parts: our own types, never an upstream's shape (design §4), one file per section.
// Everything here is plain, serialisable data: it crosses the message boundary as is.
export type * from './common';
export type * from './releases';
export type * from './repository';
export type * from './identity';
export type * from './advisories';
export type * from './provenance';
export type * from './code';
export * from './dependencies';
export * from './report';
