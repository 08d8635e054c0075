-- Places, statuses, concepts, adjustments and realms come from the code lists (indicators/model.yaml).
SELECT DISTINCT dataset, column_name, code FROM (
    SELECT dataset, 'geo' AS column_name, geo AS code FROM latest WHERE geo NOT IN (SELECT code FROM known_geo)
    UNION ALL SELECT dataset, 'obs_status', obs_status FROM latest WHERE obs_status NOT IN (SELECT code FROM known_obs_status)
    UNION ALL SELECT dataset, 'conf_status', conf_status FROM latest WHERE conf_status NOT IN (SELECT code FROM known_conf_status)
    UNION ALL SELECT dataset, 'concept', concept FROM latest
        WHERE concept NOT IN ({concepts})
    UNION ALL SELECT dataset, 'adjustment', adjustment FROM latest WHERE adjustment NOT IN ({adjustments})
    UNION ALL SELECT dataset, 'realm', realm FROM latest WHERE realm NOT IN ({realms}))
ORDER BY ALL
