/**
 * Settings that change without a restart: immutable snapshots rebuilt from MicroProfile Config on a
 * timer, which requests only read. Depends on no other package of Queuey, so that every feature may
 * use it.
 */
package io.queuey.settings;
