/**
 * Black-box HTTP tests of the API contract, against the WAR on a real Payara Micro and Cassandra.
 */
package io.queuey.it;
