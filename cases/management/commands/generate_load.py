"""Fill a measuring database with national volume: `manage.py generate_load --cases 1000000`.

Run it after migrate, load_tariffs and seed_demo on a database of its own (see cases/loadgen.py: it
refuses one with real citizens). The same options give the same rows.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from cases.loadgen import LoadRefused, Options, generate


class Command(BaseCommand):
    help = "Genererer testdata i landsskala (kun PostgreSQL, kun i en database uden rigtige borgere)."

    def add_arguments(self, parser):
        defaults = Options()
        parser.add_argument("--cases", type=int, default=defaults.cases, help="antal sager (1.000.000)")
        parser.add_argument("--municipalities", type=int, default=defaults.municipalities,
                            help="antal kommuner i alt, demokommunerne medregnet (98)")
        parser.add_argument("--citizens-per-case", type=float, default=defaults.citizens_per_case,
                            help="borgere pr. sag (0,7: nogle borgere har flere forløb)")
        parser.add_argument("--anonymous-share", type=float, default=defaults.anonymous_share,
                            help="andel anonyme borgere (0,02)")
        parser.add_argument("--demo-share", type=float, default=defaults.demo_share,
                            help="andel af borgerne i demokommunerne, så demobrugerne ser mange sager (0,2)")
        parser.add_argument("--access-log-per-case", type=int, default=defaults.access_log_per_case,
                            help="rækker i adgangsloggen pr. sag (2)")
        parser.add_argument("--seed", type=int, default=defaults.seed, help="frø: samme frø, samme data")

    def handle(self, *args, **options):
        if options["cases"] < 1 or options["municipalities"] < 1:
            raise CommandError("--cases og --municipalities skal være mindst 1.")
        settings = Options(
            cases=options["cases"],
            municipalities=options["municipalities"],
            citizens_per_case=options["citizens_per_case"],
            anonymous_share=options["anonymous_share"],
            demo_share=options["demo_share"],
            access_log_per_case=options["access_log_per_case"],
            seed=options["seed"],
        )
        started = time.perf_counter()

        def progress(line: str) -> None:
            # stderr: the progress is for the person waiting, stdout for the summary a script may read.
            self.stderr.write(line)
            self.stderr.flush()

        try:
            counts = generate(settings, progress=progress if options["verbosity"] > 0 else lambda line: None)
        except LoadRefused as refusal:
            raise CommandError(str(refusal)) from None
        for table, rows in counts.items():
            self.stdout.write(f"{table:<32} {rows:>12,}")
        self.stdout.write(f"I alt {time.perf_counter() - started:.1f} s for {settings.cases:,} sager.")
