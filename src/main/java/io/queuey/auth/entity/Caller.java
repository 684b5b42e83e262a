package io.queuey.auth.entity;

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

  public boolean isAnyOf(java.util.Collection<Principal> candidates) {
    return candidates.stream().anyMatch(principals::contains);
  }
}
