// The two databases the bot runs on. Its own module so that the client (which opens a database) and the
// migrator (which the client calls before opening) both depend on it without depending on each other.
export type Dialect = 'sqlite' | 'postgresql';
