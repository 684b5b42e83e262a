/** Queuey's metrics, with the application as a tag, for MicroProfile Metrics (Prometheus). */
package io.queuey.observability.control;
