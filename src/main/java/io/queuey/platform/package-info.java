/** Small helpers shared by every feature. */
package io.queuey.platform;
