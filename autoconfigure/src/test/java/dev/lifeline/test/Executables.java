package dev.lifeline.test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the programs that some tests run (nginx, redis-server) so that those tests can
 * skip themselves when a program is not installed.
 */
public final class Executables {

	private Executables() {
	}

	/**
	 * Find an executable at one of the given locations or, failing that, on the
	 * {@code PATH}. Distribution paths come first because {@code /usr/sbin} is often not
	 * on a non-root user's {@code PATH}.
	 * @param name the program's file name
	 * @param locations where the distribution installs it
	 * @return the executable, if any
	 */
	public static Optional<Path> find(String name, Path... locations) {
		Stream<Path> onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
			.filter((dir) -> !dir.isEmpty())
			.map((dir) -> Path.of(dir, name));
		return Stream.concat(Stream.of(locations), onPath).filter(Files::isExecutable).findFirst();
	}

}
