import InfraCore
import InfraRender
import InfraTestSupport
import Testing

/// The summary's first sentence: what the design is made of, said the way the rest
/// of the explanation says it.
@Suite("explain: the summary names what serves and what watches, alike hosts once")
struct ExplainSummaryTests {
    @Test("application frameworks are spelt as their makers spell them, in the summary as in the roles")
    func frameworkNames() throws {
        let text = try explain("""
            client user
            server web1 { web-server nginx { software: nginx }; app-server app { software: flask } }
            user -> web1 : https
            nginx -> app : http
            """)
        #expect(text.contains("a server running Nginx and Flask (web1)"), "\(text)")
    }

    @Test("an agent declared on its own is said with the monitors that watch, not among what serves")
    func agentOnItsOwn() throws {
        let text = try explain("""
            client u
            monitor m
            web-server w { instances: 2 }
            agent probe { reports-to: m }
            u -> w : https
            """)
        #expect(text.contains("serves u with a web server with 2 instances (w), watched by a monitor (m) and an agent (probe)."), "\(text)")
        // With no monitor in the design, the agent watches nothing.
        let alone = try explain("client u\nweb-server w { instances: 2 }\nagent probe\nu -> w : https\n")
        #expect(alone.contains("serves u with a web server with 2 instances (w), and an agent (probe) reporting to no monitor."), "\(alone)")
        // A monitor no agent reports to and that probes nothing watches nothing either,
        // as the roles section says of it.
        let idle = try explain("client u\nweb-server w { instances: 2 }\nmonitor m\nagent probe\nu -> w : https\n")
        #expect(idle.contains("serves u with a web server with 2 instances (w), and a monitor (m), watching nothing yet, and an agent (probe) reporting to no monitor."), "\(idle)")
        #expect(idle.contains("sees nothing yet"), "\(idle)")
        #expect(!idle.contains("watched by"), "\(idle)")
        // A monitor that probes something watches; an agent beside it that reports
        // nowhere does not, as MON002 and the roles section say.
        let stray = try explain("client u\nweb-server w { instances: 2 }\nmonitor m { watches: [w] }\nagent stray\nu -> w : https\n")
        #expect(stray.contains("serves u with a web server with 2 instances (w), watched by a monitor (m), and an agent (stray) reporting to no monitor."), "\(stray)")
    }

    @Test("a design that declares nothing has no empty sections; one of monitors only is not said to be reached")
    func nothingDeclared() throws {
        let empty = try explain("# nothing yet\n")
        #expect(empty.contains("declares nothing yet"))
        #expect(!empty.contains("## Why each element is there"), "a heading with nothing under it")
        #expect(!empty.contains("## Diagram"), "an empty flowchart")
        let watched = try explain("client users\nweb-server w { instances: 2 }\nmonitor m { watches: [w] }\nusers -> w : https\n")
        #expect(watched.contains("serves users with a web server with 2 instances (w), watched by a monitor (m)."), "a monitor serves no one")
        let monitor = try explain("monitor m\n")
        #expect(monitor.contains("is made of a monitor (m) and nothing it could watch yet."), "\(monitor)")
        #expect(!monitor.contains("every element is reached from another"), "nothing reaches m")
    }

    @Test("hosts the summary would name alike are one group, whatever instances they run by default")
    func alikeHostsOnce() throws {
        let text = try explain("""
            client buyers
            dns ns
            dns cdn-dns { instances: 1 }
            web-server w { instances: 2 }
            buyers -> ns : dns
            ns -> cdn-dns : dns
            buyers -> w : https
            """)
        #expect(text.contains("serves buyers with two dns (ns and cdn-dns) and a web server with 2 instances (w)."), "\(text)")
    }
}
