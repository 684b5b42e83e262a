/** Developer tooling that never ships in the WAR: the local Cassandra and the dev server. */
package io.queuey.tools;
