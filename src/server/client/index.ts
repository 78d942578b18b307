/** The typed HTTPS client of the Antidote API. */
export * from './antidote-client.js';
