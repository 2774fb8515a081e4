/** EventBridge's rules for the names the config's bus parts take (the API's models). */

/** A custom bus: 1–256 of letters, digits, `.` `-` `_` (a `/` belongs to partner buses). */
export const BUS_NAME = { test: /^[.\-_A-Za-z0-9]{1,256}$/, what: 'a bus name (1 to 256 characters: letters, digits, . - _)' };
export const RULE_NAME = { test: /^[.\-_A-Za-z0-9]{1,64}$/, what: 'a rule name (1 to 64 characters: letters, digits, . - _)' };
export const ARCHIVE_NAME = { test: /^[.\-_A-Za-z0-9]{1,48}$/, what: 'an archive name (1 to 48 characters: letters, digits, . - _)' };
export const CONNECTION_NAME = { test: /^[.\-_A-Za-z0-9]{1,64}$/, what: 'a connection name (1 to 64 characters: letters, digits, . - _)' };
export const DESCRIPTION = { test: /^[\s\S]{0,512}$/, what: 'a description (at most 512 characters)' };
