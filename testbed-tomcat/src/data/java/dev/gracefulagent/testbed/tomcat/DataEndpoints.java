package dev.gracefulagent.testbed.tomcat;

import dev.gracefulagent.testbed.common.BackgroundWork;
import dev.gracefulagent.testbed.common.Database;
import dev.gracefulagent.testbed.common.DbServlet;
import dev.gracefulagent.testbed.common.JobsServlet;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;

/**
 * POST /db/write, GET /db/count, GET /jobs and POST /handoff with the scheduled job: testbed-common's Jakarta
 * servlets, in the Tomcat 10.1 and 11 builds (Tomcat 9's javax build has none).
 */
public final class DataEndpoints {
    private DataEndpoints() {
    }

    public static void addTo(Context context) throws Exception {
        Database database = Database.fromEnvironment();
        Tomcat.addServlet(context, "db", new DbServlet(database));
        context.addServletMappingDecoded("/db/*", "db");
        Tomcat.addServlet(context, "jobs", new JobsServlet(database, BackgroundWork.start(database)));
        context.addServletMappingDecoded("/jobs", "jobs");
        context.addServletMappingDecoded("/handoff", "jobs");
    }
}
