package io.queuey.platform.boundary;

import io.queuey.platform.payara.Jersey;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * JAX-RS serves every path of the WAR, so that unknown paths get the JSON 404 too; the API itself
 * lives under {@code /v1}.
 *
 * <p>The OpenAPI document ({@code /openapi}) is made from these annotations, those of the resources
 * and the schemas in {@code META-INF/openapi.yaml}.
 */
@ApplicationPath("/")
@OpenAPIDefinition(
    info =
        @Info(
            title = "Queuey",
            version = "1",
            description =
                "Queuey API v1, a RESTful message queue. Every response body is JSON, errors"
                    + " included: {\"status\": \"error\", \"error_msg\": {KEY: message}}. Any"
                    + " other method on these paths is a 405, and an unknown URL a 404, in that"
                    + " shape. Boolean parameters also accept 1/0 and yes/no."))
@SecurityScheme(
    securitySchemeName = QueueyApplication.APPLICATION_KEY,
    type = SecuritySchemeType.APIKEY,
    in = SecuritySchemeIn.HEADER,
    apiKeyName = "Authorization",
    description =
        "`Application <key>`: the application's key makes the caller app:<application>."
            + " `Bearer <token>` (or `BrowserID <token>`): a signed JWT of a trusted issuer makes"
            + " the caller bid:<email> and oidc:<issuer>:<sub>. Both may be sent separated by"
            + " `;`, e.g. `Application <key>; Bearer <token>`; any credential that fails is a 401."
            + " Reading messages of a public queue needs none.")
public class QueueyApplication extends Application {

  /** The name of the security scheme of the OpenAPI document: the application key. */
  public static final String APPLICATION_KEY = "ApplicationKey";

  /**
   * Only Jersey's (Payara's) properties: see {@link Jersey}. RESTEasy (Open Liberty) needs none,
   * and ignores these.
   */
  @Override
  public Map<String, Object> getProperties() {
    return Jersey.PROPERTIES;
  }
}
