package io.queuey.platform.boundary;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * JAX-RS serves every path of the WAR, so that unknown paths get the JSON 404 too; the API itself
 * lives under {@code /v1}.
 */
@ApplicationPath("/")
public class QueueyApplication extends Application {}
