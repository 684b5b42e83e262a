package io.queuey.auth.entity;

import io.queuey.errors.InvalidParameter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Someone a permission can be granted to: an application ({@code app:NAME}), a user known by e-mail
 * ({@code bid:EMAIL}) or a user known by a trusted issuer's subject ({@code oidc:ISSUER:SUB},
 * ISSUER being the issuer's configured name). Built directly, a bad one is reported under {@code
 * principles}, the parameter principals arrive in.
 */
public record Principal(String kind, String name) {

  public static final String APPLICATION = "app";
  public static final String USER = "bid";
  public static final String SUBJECT = "oidc";

  private static final String FIELD = "principles";
  private static final int MAX_APPLICATION_LENGTH = 100;
  private static final int MAX_EMAIL_LENGTH = 254;
  private static final int MAX_LOCAL_PART_LENGTH = 64;
  private static final int MAX_LABEL_LENGTH = 63;

  /** OpenID Connect caps {@code sub} at 255 ASCII characters. */
  private static final int MAX_SUBJECT_LENGTH = 255;

  private static final String LOCAL_PART_SYMBOLS = "!#$%&'*+/=?^_`{|}~-";

  public Principal {
    name = checked(FIELD, kind, name);
  }

  public static Principal application(String name) {
    return new Principal(APPLICATION, name);
  }

  public static Principal user(String email) {
    return new Principal(USER, email);
  }

  /** The user an issuer (by its configured name) knows by {@code subject}. */
  public static Principal subject(String issuerName, String subject) {
    return new Principal(SUBJECT, issuerName + ":" + subject);
  }

  public static Principal parse(String field, String text) {
    int colon = text == null ? -1 : text.indexOf(':');
    if (colon < 0) {
      throw new InvalidParameter(
          field, "a principal must be 'app:NAME', 'bid:EMAIL' or 'oidc:ISSUER:SUBJECT'");
    }
    String kind = text.substring(0, colon);
    String name = text.substring(colon + 1);
    checked(field, kind, name);
    return new Principal(kind, name);
  }

  /**
   * Parses {@code app:a, bid:b@example.com}. Empty text is no principals at all, which is how an
   * update clears them; an empty entry between commas is a mistake and reported. A principal listed
   * twice is kept once.
   */
  public static List<Principal> parseList(String field, String commaSeparated) {
    if (commaSeparated == null || commaSeparated.isBlank()) {
      return List.of();
    }
    Set<Principal> principals = new LinkedHashSet<>();
    for (String entry : commaSeparated.split(",", -1)) {
      String trimmed = entry.trim();
      if (trimmed.isEmpty()) {
        throw new InvalidParameter(field, "the list of principles has an empty entry");
      }
      principals.add(parse(field, trimmed));
    }
    return List.copyOf(principals);
  }

  public boolean isApplication() {
    return APPLICATION.equals(kind);
  }

  public boolean isUser() {
    return USER.equals(kind);
  }

  @Override
  public String toString() {
    return kind + ":" + name;
  }

  /** The name in its canonical form, or an error under {@code field}. */
  private static String checked(String field, String kind, String name) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    if (APPLICATION.equals(kind)) {
      checkApplicationName(field, name);
      return name;
    }
    if (USER.equals(kind)) {
      checkEmail(field, name);
      return normalizeEmail(name);
    }
    if (SUBJECT.equals(kind)) {
      checkSubject(field, name);
      return name;
    }
    throw new InvalidParameter(field, "a principal must start with 'app:', 'bid:' or 'oidc:'");
  }

  /**
   * {@code ISSUER:SUBJECT}: the issuer's name as an application name is written, the subject any
   * visible ASCII but the comma that separates principles.
   */
  private static void checkSubject(String field, String name) {
    int colon = name.indexOf(':');
    String subject = colon < 0 ? "" : name.substring(colon + 1);
    if (colon <= 0 || !isApplicationName(name.substring(0, colon)) || !isValidSubject(subject)) {
      throw new InvalidParameter(
          field,
          "a subject principal must be 'oidc:ISSUER:SUBJECT', the subject 1 to "
              + MAX_SUBJECT_LENGTH
              + " visible ASCII characters without ','");
    }
  }

  /** Whether {@code subject} can be part of a principal (see {@link #subject}). */
  public static boolean isValidSubject(String subject) {
    return subject != null
        && !subject.isEmpty()
        && subject.length() <= MAX_SUBJECT_LENGTH
        && subject.chars().allMatch(c -> c > ' ' && c < 0x7f && c != ',');
  }

  /** Whether {@code email} is an address a {@code bid:} principal accepts. */
  public static boolean isValidEmail(String email) {
    try {
      checkEmail(FIELD, email);
      return true;
    } catch (InvalidParameter invalid) {
      return false;
    }
  }

  private static void checkApplicationName(String field, String name) {
    if (!isApplicationName(name)) {
      throw badApplicationName(field);
    }
  }

  /** 1 to 100 letters, digits, '_', '-' or '.': application and issuer names alike. */
  public static boolean isApplicationName(String name) {
    if (name.isEmpty() || name.length() > MAX_APPLICATION_LENGTH) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!isAsciiLetterOrDigit(c) && c != '_' && c != '.' && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static InvalidParameter badApplicationName(String field) {
    return new InvalidParameter(
        field,
        "an application name must be 1 to "
            + MAX_APPLICATION_LENGTH
            + " letters, digits, '_', '-' or '.'");
  }

  /**
   * Accepts the addresses people actually have (dot-atom local part, DNS host name of two or more
   * labels, punycode included) rather than all of RFC 5322: quoted local parts and address literals
   * are not used for sign-in and would make principals hard to compare.
   */
  private static void checkEmail(String field, String email) {
    int at = email.indexOf('@');
    if (email.length() > MAX_EMAIL_LENGTH
        || at < 0
        || at != email.lastIndexOf('@')
        || !isLocalPart(email.substring(0, at))
        || !isDomain(email.substring(at + 1))) {
      throw new InvalidParameter(field, "a user principal must be 'bid:' and an e-mail address");
    }
  }

  private static boolean isLocalPart(String local) {
    if (local.isEmpty()
        || local.length() > MAX_LOCAL_PART_LENGTH
        || local.startsWith(".")
        || local.endsWith(".")
        || local.contains("..")) {
      return false;
    }
    for (int i = 0; i < local.length(); i++) {
      char c = local.charAt(i);
      if (!isAsciiLetterOrDigit(c) && c != '.' && LOCAL_PART_SYMBOLS.indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDomain(String domain) {
    String[] labels = domain.split("\\.", -1);
    if (labels.length < 2) {
      return false;
    }
    for (String label : labels) {
      if (!isLabel(label)) {
        return false;
      }
    }
    // An all-digit last label would make an IP address look like a host name.
    return labels[labels.length - 1].length() >= 2
        && !labels[labels.length - 1].chars().allMatch(c -> c >= '0' && c <= '9');
  }

  private static boolean isLabel(String label) {
    if (label.isEmpty()
        || label.length() > MAX_LABEL_LENGTH
        || label.startsWith("-")
        || label.endsWith("-")) {
      return false;
    }
    for (int i = 0; i < label.length(); i++) {
      char c = label.charAt(i);
      if (!isAsciiLetterOrDigit(c) && c != '-') {
        return false;
      }
    }
    return true;
  }

  /**
   * Host names are case-insensitive, so the domain is kept in lowercase: a principle granted to
   * {@code bid:ann@Example.com} then matches the user signed in as {@code ann@example.com}. The
   * local part is left alone, as only the receiving server may say what its case means.
   */
  private static String normalizeEmail(String email) {
    int at = email.indexOf('@');
    return email.substring(0, at + 1) + email.substring(at + 1).toLowerCase(Locale.ROOT);
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }
}
