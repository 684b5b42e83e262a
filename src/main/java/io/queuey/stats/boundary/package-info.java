/** {@code GET /v1/{application}/{queue}/stats} and {@code GET /v1/{application}/~stats}. */
package io.queuey.stats.boundary;
