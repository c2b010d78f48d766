/** Log output setup: text or JSON lines on the console, chosen by {@code logging.format}. */
package dev.switchboard.logging;
