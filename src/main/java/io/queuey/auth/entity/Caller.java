package io.queuey.auth.entity;

import java.util.Collection;
import java.util.Set;

/** Who is calling: the principals the request's credentials proved; none for an anonymous call. */
public record Caller(Set<Principal> principals) {

  public static final Caller ANONYMOUS = new Caller(Set.of());

  public Caller {
    principals = Set.copyOf(principals);
  }

  public boolean is(Principal principal) {
    return principals.contains(principal);
  }

  /**
   * Whether the caller is one of {@code candidates}. A user's e-mail address matches without regard
   * to case: tokens carry it in lower case (API.md), while a principle may have been written with
   * capitals in its local part.
   */
  public boolean isAnyOf(Collection<Principal> candidates) {
    for (Principal candidate : candidates) {
      if (principals.contains(candidate)
          || (candidate.isUser() && isUserIgnoringCase(candidate.name()))) {
        return true;
      }
    }
    return false;
  }

  private boolean isUserIgnoringCase(String email) {
    for (Principal principal : principals) {
      if (principal.isUser() && principal.name().equalsIgnoreCase(email)) {
        return true;
      }
    }
    return false;
  }
}
