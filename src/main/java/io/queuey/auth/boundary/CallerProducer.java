package io.queuey.auth.boundary;

import io.queuey.auth.entity.Caller;
import jakarta.enterprise.inject.Produces;
import jakarta.servlet.http.HttpServletRequest;

/** Makes the caller the filter found injectable where the request is being served. */
@jakarta.enterprise.context.ApplicationScoped
public class CallerProducer {

  @Produces
  Caller caller(HttpServletRequest request) {
    Object caller = request.getAttribute(ApplicationKeyFilter.CALLER);
    return caller instanceof Caller known ? known : Caller.ANONYMOUS;
  }
}
