package io.queuey.auth.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApplicationsTest {

  private static String sha256(String key) {
    return HexFormat.of().formatHex(Applications.digest(key));
  }

  private static String fingerprint(String key) {
    return sha256(key).substring(0, 12);
  }

  @Test
  void aSha256EntryAcceptsTheKeyItIsTheDigestOf() {
    var applications =
        new Applications(
            List.of("billing"), name -> List.of("sha256:" + sha256("the secret").toUpperCase()));

    assertEquals(Optional.of("billing"), applications.applicationOf("the secret"));
    assertEquals(Optional.empty(), applications.applicationOf("sha256:" + sha256("the secret")));
  }

  @Test
  void plainAndDigestEntriesMix() {
    var applications =
        new Applications(
            List.of("billing"), name -> List.of("old-key", " sha256:" + sha256("new-key") + "\n"));

    assertEquals(Optional.of("billing"), applications.applicationOf("old-key"));
    assertEquals(Optional.of("billing"), applications.applicationOf("new-key"));
  }

  @Test
  void aMalformedDigestIsAnInvalidConfigurationThatDoesNotShowTheEntry() {
    for (String entry :
        List.of("sha256:abc", "sha256:" + "g".repeat(64), "sha256:" + "a".repeat(65))) {
      var invalid =
          assertThrows(
              IllegalStateException.class,
              () -> Applications.read(List.of("billing"), name -> List.of("fine", entry)),
              entry);
      assertTrue(
          invalid.getMessage().startsWith("queuey.application.billing.keys: entry 2"),
          invalid.getMessage());
      assertFalse(invalid.getMessage().contains(entry.substring(7)), invalid.getMessage());
    }
  }

  @Test
  void aChangeOfKeysIsDescribedByFingerprintsOnly() {
    var before = Applications.read(List.of("billing"), name -> List.of("key-a"));
    var after = Applications.read(List.of("billing"), name -> List.of("key-a", "key-b"));

    List<String> changes = Applications.changes(before, after);

    assertEquals(
        List.of(
            "application 'billing': keys ["
                + fingerprint("key-a")
                + "] -> ["
                + fingerprint("key-a")
                + ", "
                + fingerprint("key-b")
                + "]"),
        changes);
    assertFalse(changes.toString().contains("key-"), "no key in the description");
  }

  @Test
  void aKeyGivenAsItsDigestHasTheSameFingerprint() {
    var plain = Applications.read(List.of("billing"), name -> List.of("key-a"));
    var digest =
        Applications.read(List.of("billing"), name -> List.of("sha256:" + sha256("key-a")));

    assertEquals(plain, digest);
    assertEquals(List.of(), Applications.changes(plain, digest));
  }

  @Test
  void addedAndRemovedApplicationsAreDescribed() {
    Map<String, List<String>> keys = Map.of("one", List.of("k1"), "two", List.of("k2"));
    var before = Applications.read(List.of("one"), keys::get);
    var after = Applications.read(List.of("two"), keys::get);

    assertEquals(
        List.of(
            "application 'one' removed",
            "application 'two' added, keys [" + fingerprint("k2") + "]"),
        Applications.changes(before, after));
  }

  @Test
  void theFingerprintIsTheFirstTwelveHexDigitsOfTheSha256() {
    // printf %s abc | sha256sum
    assertEquals("ba7816bf8f01", Applications.fingerprint(Applications.digest("abc")));
  }
}
