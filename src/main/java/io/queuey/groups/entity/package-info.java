/** Consumer groups as values: settings, cursors, leases and receipts. */
package io.queuey.groups.entity;
