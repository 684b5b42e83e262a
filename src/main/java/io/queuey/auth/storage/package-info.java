/** The network adapter of authentication: fetching issuers' keys and discovery documents. */
package io.queuey.auth.storage;
