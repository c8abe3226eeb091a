// `@exquisite/store/testing` starts s3rver, which ships no types; the store declares the bit
// it uses in an ambient file that consumers' programs do not see. Pull that same declaration
// in (rather than a second copy) until the store references it from its own module.
/// <reference path="../../../store/src/testing/s3rver.d.ts" />
