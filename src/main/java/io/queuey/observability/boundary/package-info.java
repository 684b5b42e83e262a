/** Where requests are observed: the request log and the per-endpoint metrics. */
package io.queuey.observability.boundary;
