package dev.lifeline.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.core.annotation.AliasFor;

/**
 * A {@link SpringBootTest @SpringBootTest} of a real server on a random port, the set-up
 * of every test that talks to Lifeline through real sockets: the
 * {@link EchoTestApplication} unless {@link #classes()} names another application, and
 * the test's own {@link #properties()}. Add configuration with {@code @Import}, and read
 * the port with {@code @LocalServerPort}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
public @interface LifelineServerTest {

	/**
	 * Properties in {@code key=value} form to add to the environment, as
	 * {@link SpringBootTest#properties()}.
	 * @return the properties
	 */
	@AliasFor(annotation = SpringBootTest.class, attribute = "properties")
	String[] properties() default {};

	/**
	 * The application to run, as {@link SpringBootTest#classes()}.
	 * @return the component classes of the application
	 */
	@AliasFor(annotation = SpringBootTest.class, attribute = "classes")
	Class<?>[] classes() default EchoTestApplication.class;

}
