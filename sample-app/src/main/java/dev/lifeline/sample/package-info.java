/**
 * A chat application that runs on Lifeline with nothing but a handler bean and
 * {@code application.yml}.
 */
@NullMarked
package dev.lifeline.sample;

import org.jspecify.annotations.NullMarked;
