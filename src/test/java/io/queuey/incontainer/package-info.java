/**
 * Arquillian tests that run inside Payara Micro, with the WAR's own CDI beans and Cassandra
 * session.
 */
package io.queuey.incontainer;
