package io.queuey.errors.boundary;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ContainerErrorsTest {

  private static IOException thrownBy(String className) {
    var failure = new IOException("Connection is closed");
    failure.setStackTrace(
        new StackTraceElement[] {new StackTraceElement(className, "write", "X.java", 1)});
    return failure;
  }

  @Test
  void aFailureOfTheConnectionIsAClientThatWentAway() {
    assertTrue(ContainerErrors.isClientGone(thrownBy("org.glassfish.grizzly.nio.NIOConnection")));
    assertTrue(ContainerErrors.isClientGone(thrownBy("sun.nio.ch.SocketDispatcher")));
    assertTrue(ContainerErrors.isClientGone(new EOFException()));
  }

  @Test
  void anIoFailureElsewhereIsNot() {
    assertFalse(ContainerErrors.isClientGone(thrownBy("io.queuey.auth.storage.HttpKeySource")));
    assertFalse(ContainerErrors.isClientGone(new IllegalStateException("bug")));
  }

  @Test
  void libertysFileNotFoundIsAMissingFile() {
    assertTrue(
        ContainerErrors.isFileNotFound(
            new jakarta.servlet.ServletException("SRVE0190E: File not found: /WEB-INF/web.xml")));
    assertTrue(ContainerErrors.isFileNotFound(new java.io.FileNotFoundException("/x")));
    assertFalse(ContainerErrors.isFileNotFound(new IllegalStateException("SRVE0777E: other")));
    assertFalse(ContainerErrors.isFileNotFound(new IllegalStateException()));
  }
}
