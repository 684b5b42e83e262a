package io.queuey.console.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Which paths under /console/ name a file the console may serve, and with which type. */
class ConsoleServletTest {

  @Test
  void plainFileNamesGetTheTypeOfTheirExtension() {
    assertEquals("text/html; charset=utf-8", ConsoleServlet.typeOf("/index.html"));
    assertEquals("text/javascript; charset=utf-8", ConsoleServlet.typeOf("/app.js"));
    assertEquals(
        "text/javascript; charset=utf-8",
        ConsoleServlet.typeOf("/vendor/htm/standalone.module.js"));
    assertEquals("text/css; charset=utf-8", ConsoleServlet.typeOf("/console.css"));
    assertEquals("image/svg+xml", ConsoleServlet.typeOf("/icon.svg"));
  }

  @Test
  void traversalHiddenFilesAndOddCharactersAreNoFile() {
    for (String name :
        new String[] {
          "/../WEB-INF/web.xml",
          "/vendor/../../WEB-INF/web.xml",
          "/..",
          "/.hidden.js",
          "/vendor/.git/config",
          "//etc/passwd.js",
          "/vendor//app.js",
          "/a\\b.js",
          "/a%2fb.js",
          "/app.js/",
          "/",
          "",
          "app.js",
          "/WEB-INF",
          "/app.jsp",
          "/app.class",
          "/app",
          "/name with space.js",
          "/" + "a".repeat(300) + ".js"
        }) {
      assertNull(ConsoleServlet.typeOf(name), name);
    }
  }
}
