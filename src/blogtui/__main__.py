from blogtui.cli import main

raise SystemExit(main())
