/** The rules of consumer groups: management, claims, acknowledgements, long polls. */
package io.queuey.groups.control;
