/**
 * Health indicator for the managed WebSocket endpoint.
 */
@NullMarked
package dev.lifeline.health;

import org.jspecify.annotations.NullMarked;
